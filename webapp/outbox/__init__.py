"""The outbox: email (and later webhooks) written in the same transaction as the change."""

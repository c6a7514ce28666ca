"""The family-services guide (palveluopas): what is on offer, findable on a phone in every language."""

"""The family-centre network (perhekeskusverkosto) and its handbook: member units, contact
people, the core and steering groups, cooperation practices, the yearly handbook and the
network's info letter."""

from flask import Flask


def init_app(app: Flask) -> None:
    """The register, handbook and letter pages, the public handbook, demo data, contacts' retention."""
    # Imported here, not at the top: importing one of the package's models must not pull in its views.
    from webapp.core.features import demo_loader, retention_rule
    from webapp.network import demo, services, staff_handbook, staff_practices, staff_views, views  # noqa: F401
    from webapp.network.blueprints import handbook_admin, network, network_admin

    app.register_blueprint(network_admin)
    app.register_blueprint(handbook_admin)
    app.register_blueprint(network)
    demo_loader(app, demo.load_demo_network)
    retention_rule(app, "network contact people nobody has confirmed for two years",
                   services.purge_unchecked_contacts)

"""Plan pages, by concern: ``plans`` (the RMP and the JRMP, their versions and documents) and
``business_cases``. The registers (resources, the joint team, contributions) are built with
the register kit in ``accord/plans/registers.py``."""

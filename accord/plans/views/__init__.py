"""Plan pages, by concern: ``plans`` (the RMP and the JRMP, their versions and documents),
``business_cases``, and ``registers`` (resources, the joint team, contributions)."""

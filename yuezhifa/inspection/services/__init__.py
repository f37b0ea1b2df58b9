"""Every write of the inspection base data (DESIGN §4, §5.1): one module per concept."""

"""Every read of the inspection base data (DESIGN §4): one module per concept."""

"""Every write to organisation data (DESIGN §5.1): one function per business act, transactional, permission-checked,
audited. Split by concept; import from here."""

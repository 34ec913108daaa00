"""Use cases. Each takes its ports (repositories, clock, mailer, identity) as arguments."""

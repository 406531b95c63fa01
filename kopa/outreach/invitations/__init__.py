"""Invitations e-mailed from Kopa, each with a personal response link, and the answers through them."""

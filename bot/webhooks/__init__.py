"""Outgoing webhooks: subscribers are told about new cases and state changes, signed and retried."""

"""Use cases of the dashboard: staff accounts, the audit trail, moderation, phoned-in reports, outbox.

Like bot/services, each function takes plain values and a unit of work and never commits.
"""

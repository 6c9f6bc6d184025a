"""Web areas beyond the webhook: operations endpoints and the admin dashboard."""

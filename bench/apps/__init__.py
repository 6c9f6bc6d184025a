"""Reference webhooks that bench/webhook.py measures Chaeng against."""

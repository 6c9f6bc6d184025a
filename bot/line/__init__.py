"""Everything LINE: webhook, conversation, officer commands, message building and the API adapter."""

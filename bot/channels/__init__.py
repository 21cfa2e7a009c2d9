"""One module per messaging platform: its webhook routes and how it delivers a reply."""

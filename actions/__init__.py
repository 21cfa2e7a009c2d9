"""The rasa-sdk action server: one action or form validator per module."""

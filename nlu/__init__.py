"""Rasa training data, domain and the project's own Rasa components."""

"""The project's Rasa 3 graph components (run inside the rasa env)."""

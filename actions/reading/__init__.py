"""Reading what citizens type: yes and no, kinds, categories, names, places and corrections.

Pure functions over the message text, no Rasa and no database, so the petition form can read a
typed answer the way a person would and each reader is tested on its own.
"""

"""Sources in a project: importing documents, their attributes, reading them back."""

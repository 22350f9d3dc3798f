"""Foundations every app uses: text folding and the search rule, the API's and the admin's base
classes, error pages, health, backups, and the project's operational tables. Imports no other app."""

"""The admin's foundations: change lists, edit conflicts, filters, malformed requests and search."""

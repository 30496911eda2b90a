"""The organisation tree, its members and their membership history."""

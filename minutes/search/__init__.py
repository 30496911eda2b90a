"""Finding minutes by their words, with or without tone marks."""

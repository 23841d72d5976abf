"""Documents: reading article files safely, cleaning and splitting them, paragraph roles, words and stories."""

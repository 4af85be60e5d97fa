"""parktrack pipeline: articles in, sourced industrial-project mentions out."""

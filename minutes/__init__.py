"""minutes: the electronic minute book of a party organisation."""

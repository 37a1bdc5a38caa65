"""Request kinds as plug-ins: ``base`` says what a kind is, ``registry`` holds the kinds there are,
``scoping`` is the first kind (Documents 2 and 2a)."""

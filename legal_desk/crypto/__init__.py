"""Key material: the data key, key slots, KDF, keyring and recovery codes."""

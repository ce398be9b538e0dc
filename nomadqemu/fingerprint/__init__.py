"""Node attributes as a Nomad client fingerprints them (host, CPU, OS, qemu driver)."""

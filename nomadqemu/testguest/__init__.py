"""A tiny bootable test guest built from Debian packages, for tests, benchmarks and the demo.

A Debian kernel plus a busybox initramfs whose `/init` brings up the NIC, serves HTTP
with busybox `httpd` on the port named on the kernel command line (`guest.port=`),
prints `GUEST-READY` on the serial console, and powers off when the ACPI power button
is pressed (the `ignore` variant keeps running). Packed as a FAT "superfloppy" raw disk
with SYSLINUX (mtools, no root, no loop devices) and as a hybrid ISO (xorriso).
"""

from nomadqemu.testguest.build import GuestImages, build_guest

__all__ = ["GuestImages", "build_guest"]

"""The guest's `/init` (busybox sh, PID 1)."""

from __future__ import annotations

from collections.abc import Sequence

# Why this order: the power-button watcher starts before httpd, so once the port
# answers a press can no longer be lost; `dd … count=1` blocks until the first input
# event. The static address is slirp's default, so no DHCP round trip is needed.
_TEMPLATE = """#!/bin/busybox sh
/bin/busybox --install -s /bin
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
for module in {modules}; do insmod /lib/modules/$module.ko 2>/dev/null; done
port=80
powerbtn=poweroff
for word in $(cat /proc/cmdline); do
  case "$word" in
    guest.port=*) port="${{word#guest.port=}}" ;;
    guest.powerbtn=*) powerbtn="${{word#guest.powerbtn=}}" ;;
  esac
done
ip link set lo up
for dev in /sys/class/net/eth*; do
  [ -e "$dev" ] || continue
  ip addr add 10.0.2.15/24 dev "${{dev##*/}}"
  ip link set "${{dev##*/}}" up
  ip route add default via 10.0.2.2
  break
done
if [ "$powerbtn" != ignore ]; then
  for input in /sys/class/input/event*; do
    if [ "$(cat "$input/device/name" 2>/dev/null)" = "Power Button" ]; then
      ( dd if="/dev/input/${{input##*/}}" of=/dev/null bs=24 count=1 2>/dev/null
        echo GUEST-POWEROFF; sync; poweroff -f ) &
    fi
  done
fi
httpd -p "$port" -h /www
echo "GUEST-READY port=$port powerbtn=$powerbtn"
while true; do sleep 3600; done
"""


def render_init(modules: Sequence[str]) -> bytes:
    return _TEMPLATE.format(modules=" ".join(modules)).encode()

# Boots nomadqemu's own test guest (python -m nomadqemu.testguest) and serves its page
# on a forwarded port. scripts/demo runs it with `nomadqemu run`; on a cluster it runs
# unchanged with `nomad job run`.
variable "image_url" {
  type        = string
  description = "Where the client downloads the raw disk image from."
}

variable "image_sha256" {
  type        = string
  description = "The image's SHA-256, checked before qemu starts."
}

variable "accelerator" {
  type    = string
  default = "kvm"
}

job "test-guest" {
  datacenters = ["dc1"]
  type        = "service"

  group "web" {
    task "vm" {
      driver = "qemu"

      artifact {
        source      = var.image_url
        destination = "local/guest.img"
        mode        = "file"

        options {
          checksum = "sha256:${var.image_sha256}"
        }
      }

      config {
        image_path        = "local/guest.img"
        accelerator       = var.accelerator
        drive_interface   = "virtio"
        graceful_shutdown = true

        port_map {
          http = 80
        }
      }

      resources {
        cpu    = 500
        memory = 128

        # The qemu driver forwards only task-level network ports; port_map is ignored
        # for group network ports (hashicorp/nomad#10033).
        network {
          port "http" {}
        }
      }

      kill_timeout = "20s"
    }
  }
}

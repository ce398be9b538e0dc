# A small web server in a VM, run by Nomad's qemu driver.
variable "image_url" {
  type    = string
  default = "https://example.com/images/web-vm.qcow2"
}

variable "memory" {
  type    = number
  default = 512
  validation {
    condition     = var.memory >= 128
    error_message = "The VM needs at least 128 MB of memory."
  }
}

job "web-vm" {
  datacenters = ["dc1"]
  type        = "service"

  group "web" {
    count = 1

    task "vm" {
      driver = "qemu"

      artifact {
        source      = var.image_url
        destination = "local/web-vm.qcow2"
        mode        = "file"
      }

      config {
        image_path        = "local/web-vm.qcow2"
        accelerator       = "kvm"
        graceful_shutdown = true
        args              = ["-rtc", "base=utc"]

        port_map {
          http = 80
          ssh  = 22
        }
      }

      resources {
        cpu    = 1000
        memory = var.memory

        # The qemu driver forwards only task-level network ports to the guest: port_map
        # is ignored for ports of a group-level network (hashicorp/nomad#10033).
        network {
          port "http" {}
          port "ssh" {}
        }
      }

      kill_timeout = "30s"
    }
  }
}

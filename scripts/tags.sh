#!/usr/bin/env bash
# Prints the Go build tags this machine's WebKitGTK needs: webkit2_41 where
# only WebKitGTK 4.1 is installed (Ubuntu 24.04+), nothing otherwise.
if [[ $(uname -s) == Linux ]] && ! pkg-config --exists webkit2gtk-4.0 2>/dev/null && pkg-config --exists webkit2gtk-4.1 2>/dev/null; then
  echo webkit2_41
fi

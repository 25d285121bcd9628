/**
 * The {@code tether-ipam} CNI plugin: {@link dev.tether.cni.plugins.ipam.IpamPlugin} turns CNI
 * calls into the IPAM API of the ipam module (requested addresses from CNI_ARGS {@code IP=},
 * {@code args.cni.ips} and runtimeConfig {@code ips}; names from {@code K8S_POD_NAME} and
 * runtimeConfig {@code aliases}; the abbreviated result in the config's version), and
 * {@link dev.tether.cni.plugins.ipam.IpamMain} is its executable, which hands the call to the
 * tether daemon when one answers.
 */
package dev.tether.cni.plugins.ipam;

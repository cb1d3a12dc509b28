package cn.anxin.bench;

/** One simulated device: its id (client id and user name) and its secret (password). */
record BenchDevice(String id, String secret) {}

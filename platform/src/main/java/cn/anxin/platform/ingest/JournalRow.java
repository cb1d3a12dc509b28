package cn.anxin.platform.ingest;

import java.time.Instant;

/** An unprocessed row of the device event journal. */
record JournalRow(long id, String deviceId, String kind, Instant receivedAt, String payload) {}

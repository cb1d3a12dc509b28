package cn.anxin.bench.rules;

import cn.anxin.platform.rules.RuleEvent;

/** One event of the benchmark's mix: as the rules see it, and its journal payload. */
record MixedEvent(RuleEvent event, String payloadJson) {}

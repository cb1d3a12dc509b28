package cn.anxin.platform.rules.meters;

/** What a meter measures, as {@code meter_usage.kind} holds it: litres of water or watt-hours. */
public enum MeterKind {
  WATER,
  ELECTRICITY
}

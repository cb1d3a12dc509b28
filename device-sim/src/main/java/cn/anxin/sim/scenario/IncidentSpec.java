package cn.anxin.sim.scenario;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

/**
 * One incident of a scenario file.
 *
 * @param type what happens
 * @param elder which elder of the population, 1 to the population's size
 * @param day the scenario day it starts on (0: the first)
 * @param at the local time (Asia/Shanghai) it starts, HH:mm; meal incidents and stays ignore it
 * @param hours how long a fall's silence or a leak lasts
 * @param minutes how long a night wandering lasts
 * @param days how many days a stay or a no-show lasts
 * @param litresPerMinute a leak's flow
 */
public record IncidentSpec(IncidentType type, int elder, int day, LocalTime at, int hours, int minutes, int days,
                           double litresPerMinute) {

    /** What Jackson reads; every problem is an IllegalArgumentException naming the field. */
    @com.fasterxml.jackson.annotation.JsonCreator
    static IncidentSpec fromFile(
            @com.fasterxml.jackson.annotation.JsonProperty("type") String type,
            @com.fasterxml.jackson.annotation.JsonProperty("elder") Integer elder,
            @com.fasterxml.jackson.annotation.JsonProperty("day") Integer day,
            @com.fasterxml.jackson.annotation.JsonProperty("at") String at,
            @com.fasterxml.jackson.annotation.JsonProperty("hours") Integer hours,
            @com.fasterxml.jackson.annotation.JsonProperty("minutes") Integer minutes,
            @com.fasterxml.jackson.annotation.JsonProperty("days") Integer days,
            @com.fasterxml.jackson.annotation.JsonProperty("litresPerMinute") Double litresPerMinute) {
        if (type == null) {
            throw new IllegalArgumentException("an incident needs \"type\"");
        }
        IncidentType kind = IncidentType.ofFileName(type);
        if (elder == null || elder < 1) {
            throw new IllegalArgumentException("incident \"" + type + "\" needs \"elder\": 1 or more");
        }
        int startDay = day == null ? 0 : day;
        if (startDay < 0 || startDay > 365) {
            throw new IllegalArgumentException("\"day\" must be 0 to 365, was " + startDay);
        }
        LocalTime time;
        try {
            time = at == null ? defaultTime(kind) : LocalTime.parse(at);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("\"at\" must be a time of day as HH:mm, was \"" + at + "\"");
        }
        int h = hours == null ? (kind == IncidentType.FALL ? 4 : 3) : hours;
        int m = minutes == null ? 60 : minutes;
        int d = days == null ? (kind == IncidentType.HOSPITAL || kind == IncidentType.MEAL_NO_SHOW ? 2 : 1) : days;
        double flow = litresPerMinute == null ? 0.5 : litresPerMinute;
        if (h < 1 || h > 72) {
            throw new IllegalArgumentException("\"hours\" must be 1 to 72, was " + h);
        }
        if (m < 1 || m > 480) {
            throw new IllegalArgumentException("\"minutes\" must be 1 to 480, was " + m);
        }
        if (d < 1 || d > 60) {
            throw new IllegalArgumentException("\"days\" must be 1 to 60, was " + d);
        }
        if (!(flow > 0) || flow > 80) {
            throw new IllegalArgumentException("\"litresPerMinute\" must be above 0 and at most 80, was " + flow);
        }
        return new IncidentSpec(kind, elder, startDay, time, h, m, d, flow);
    }

    private static LocalTime defaultTime(IncidentType type) {
        return switch (type) {
            case FALL -> LocalTime.of(9, 30);
            case FALSE_FALL -> LocalTime.of(15, 10);
            case LEAK -> LocalTime.of(10, 0);
            case NIGHT_WANDERING -> LocalTime.of(2, 0);
            default -> LocalTime.MIDNIGHT;
        };
    }
}

package cn.anxin.sim.scenario;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads scenario files: JSON with // and /* comments and trailing commas allowed. */
public final class ScenarioFiles {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS, JsonReadFeature.ALLOW_TRAILING_COMMA)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(DeserializationFeature.WRAP_EXCEPTIONS)
            .build();

    private ScenarioFiles() {
    }

    public static ScenarioFile read(Path file) throws ScenarioFileException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ScenarioFileException(file + ": cannot read: " + e.getMessage(), -1, e);
        }
        return parse(file.getFileName().toString(), text);
    }

    /** A bundled example, by name (e.g. {@code two-days.json}). */
    public static ScenarioFile bundled(String name) throws ScenarioFileException {
        try (var in = ScenarioFiles.class.getResourceAsStream("/scenarios/" + name)) {
            if (in == null) {
                throw new ScenarioFileException("no bundled scenario " + name, -1, null);
            }
            return parse(name, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ScenarioFileException(name + ": cannot read: " + e.getMessage(), -1, e);
        }
    }

    /**
     * Parses a scenario.
     *
     * @param source the file's name, for messages
     * @throws ScenarioFileException "source line L, column C: why"
     */
    public static ScenarioFile parse(String source, String text) throws ScenarioFileException {
        try {
            ScenarioFile file = MAPPER.readValue(text, ScenarioFile.class);
            if (file == null) {
                throw new ScenarioFileException(source + ": empty scenario file", 1, null);
            }
            return file;
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause();
            JsonLocation at = e.getLocation();
            if (cause instanceof ScenarioFile.IncidentProblem problem) {
                JsonLocation incident = locate(text, "/incidents/" + problem.index);
                at = incident != null ? incident : at;
            }
            throw problem(source, at, cause == null ? e.getOriginalMessage() : cause.getMessage(), e);
        } catch (UnrecognizedPropertyException e) {
            // properties of a creator are buffered: the exception's own location is the object's end
            JsonLocation field = locate(text, pointer(e));
            throw problem(source, field != null ? field : e.getLocation(),
                    "unknown field \"" + e.getPropertyName() + "\"", e);
        } catch (JsonProcessingException e) {
            String message = e.getOriginalMessage();
            int cut = message.indexOf(" (for ");
            throw problem(source, e.getLocation(), cut > 0 ? message.substring(0, cut) : message, e);
        } catch (IOException e) {
            throw new ScenarioFileException(source + ": " + e.getMessage(), -1, e);
        }
    }

    private static ScenarioFileException problem(String source, JsonLocation at, String why, Throwable cause) {
        if (at == null || at.getLineNr() < 1) {
            return new ScenarioFileException(source + ": " + why, -1, cause);
        }
        return new ScenarioFileException(source + " line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + why,
                at.getLineNr(), cause);
    }

    /** The JSON Pointer of the value a mapping exception is about. */
    private static String pointer(com.fasterxml.jackson.databind.JsonMappingException e) {
        StringBuilder pointer = new StringBuilder();
        for (com.fasterxml.jackson.databind.JsonMappingException.Reference reference : e.getPath()) {
            pointer.append('/').append(reference.getFieldName() != null ? reference.getFieldName() : reference.getIndex());
        }
        return pointer.toString();
    }

    /** Where the value at this JSON Pointer starts, or null. */
    private static JsonLocation locate(String text, String pointer) {
        try (JsonParser parser = MAPPER.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token.isStructStart() || token.isScalarValue()) {
                    if (parser.getParsingContext().pathAsPointer().toString().equals(pointer)) {
                        return parser.currentTokenLocation();
                    }
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}

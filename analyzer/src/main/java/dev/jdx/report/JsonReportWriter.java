package dev.jdx.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;

/** Writes a {@link Report} as pretty-printed JSON following {@code report.schema.json}. */
public final class JsonReportWriter {
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

    public void write(Report report, OutputStream out) throws IOException {
        JSON.writeValue(out, report);
        out.write('\n');
        out.flush();
    }

    public static ObjectMapper mapper() {
        return JSON;
    }
}

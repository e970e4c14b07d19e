package org.distill4j.plots;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import java.io.IOException;

/**
 * Plotly.js JSON through Jackson's {@link ObjectMapper}: maps, lists, strings, numbers, booleans and primitive arrays.
 *
 * <p>Two rules on top of Jackson's defaults:
 * <ul>
 *   <li>numbers: a whole number is written without a fraction ({@code 1}, not {@code 1.0}), a float as the decimal it
 *       prints as ({@code 0.1f} → {@code 0.1}), and a non-finite number ({@code NaN}, ±∞) as {@code null}, which
 *       plotly.js draws as a gap;
 *   <li>strings are safe inside an HTML {@code <script>} element: {@code <}, {@code >}, {@code &}, U+2028 and U+2029
 *       are written as {@code \\u003c}, {@code \\u003e}, {@code \\u0026}, {@code \\u2028}, {@code \\u2029}.
 * </ul>
 */
final class Json {

    private static final ObjectMapper MAPPER = JsonMapper.builder(new JsonFactoryBuilder()
                    .characterEscapes(new ScriptSafe()).build())
            .addModule(new SimpleModule("plotly numbers")
                    .addSerializer(Double.class, new DoubleWriter())
                    .addSerializer(Float.class, new FloatWriter())
                    .addSerializer(double[].class, new DoublesWriter()))
            .build();

    private Json() {}

    /**
     * @throws IllegalArgumentException if {@code value} holds something Jackson cannot write
     */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write a " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void number(double d, JsonGenerator out) throws IOException {
        if (!Double.isFinite(d)) {
            out.writeNull();
        } else if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            out.writeNumber((long) d);
        } else {
            out.writeNumber(d);
        }
    }

    private static final class DoubleWriter extends StdSerializer<Double> {
        DoubleWriter() {
            super(Double.class);
        }

        @Override
        public void serialize(Double d, JsonGenerator out, SerializerProvider provider) throws IOException {
            number(d, out);
        }
    }

    private static final class FloatWriter extends StdSerializer<Float> {
        FloatWriter() {
            super(Float.class);
        }

        @Override
        public void serialize(Float f, JsonGenerator out, SerializerProvider provider) throws IOException {
            number(PlotlyLayout.exact(f), out);
        }
    }

    private static final class DoublesWriter extends StdSerializer<double[]> {
        DoublesWriter() {
            super(double[].class);
        }

        @Override
        public void serialize(double[] a, JsonGenerator out, SerializerProvider provider) throws IOException {
            out.writeStartArray(a, a.length);
            for (double d : a) {
                number(d, out);
            }
            out.writeEndArray();
        }
    }

    /** Jackson's standard escapes plus the characters that could end a {@code <script>} element or a JS line. */
    private static final class ScriptSafe extends CharacterEscapes {
        private final int[] ascii = standardAsciiEscapesForJSON();

        ScriptSafe() {
            ascii['<'] = ESCAPE_CUSTOM;
            ascii['>'] = ESCAPE_CUSTOM;
            ascii['&'] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return switch (ch) {
                case '<', '>', '&', 0x2028, 0x2029 -> new SerializedString(String.format("\\u%04x", ch));
                default -> null;
            };
        }
    }
}

package dev.jdx.report;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes the gate as JUnit XML as Surefire writes it and Jenkins / GitLab / GitHub test reporters read it: a suite
 * {@code jdx.thresholds} with one test case per threshold, a suite {@code jdx.checks} with one per check. A test
 * case fails exactly when its threshold fails or its check has a finding that fails the gate, so the failure count
 * is non-zero exactly when the verdict is FAIL; findings that do not fail the gate go to {@code system-out}.
 */
public final class JunitReportWriter {

    public void write(Report report, OutputStream out) throws IOException {
        Report.GateInfo gate = report.gate();
        List<Report.ThresholdInfo> thresholds = gate == null ? List.of() : gate.thresholds();
        List<Report.CheckInfo> checks = gate == null ? List.of() : gate.checks();
        List<Report.FindingInfo> findings = report.findings() == null ? List.of() : report.findings();
        long tFail = thresholds.stream().filter(t -> t.status().equals("FAIL")).count();
        long tSkip = thresholds.stream().filter(t -> t.status().equals("SKIP")).count();
        long cFail = checks.stream().filter(Report.CheckInfo::failed).count();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out, "UTF-8");
            x.writeStartDocument("UTF-8", "1.0");
            x.writeCharacters("\n");
            x.writeStartElement("testsuites");
            x.writeAttribute("name", "jdx " + (report.image() == null ? "" : report.image().ref()));
            x.writeAttribute("tests", Integer.toString(thresholds.size() + checks.size()));
            x.writeAttribute("failures", Long.toString(tFail + cFail));
            x.writeAttribute("errors", "0");
            x.writeAttribute("skipped", Long.toString(tSkip));
            x.writeAttribute("time", "0");
            x.writeCharacters("\n");
            suite(x, "jdx.thresholds", thresholds.size(), tFail, tSkip);
            for (Report.ThresholdInfo t : thresholds) {
                testcase(x, "jdx.thresholds", t.name());
                switch (t.status()) {
                    case "FAIL" -> failure(x, t.message(), "threshold", t.name() + ": " + t.message() + "\nvalue: " + t.valueText() + "\nlimit: " + t.limitText());
                    case "SKIP" -> {
                        x.writeEmptyElement("skipped");
                        x.writeAttribute("message", t.message());
                    }
                    default -> {
                        x.writeStartElement("system-out");
                        x.writeCharacters("value: " + t.valueText() + "\nlimit: " + t.limitText() + "\n");
                        x.writeEndElement();
                    }
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            suite(x, "jdx.checks", checks.size(), cFail, 0);
            for (Report.CheckInfo c : checks) {
                testcase(x, "jdx.checks", c.id() + " " + c.title());
                List<Report.FindingInfo> of = findings.stream().filter(f -> f.checkId().equals(c.id())).toList();
                StringBuilder text = new StringBuilder();
                for (Report.FindingInfo f : of) {
                    text.append(f.severity()).append(f.failsGate() ? " (fails the gate)" : "").append(' ')
                            .append(where(f)).append(f.message()).append('\n');
                }
                if (c.failed()) {
                    Report.FindingInfo first = of.stream().filter(Report.FindingInfo::failsGate).findFirst().orElse(of.get(0));
                    failure(x, of.size() == 1 ? first.message() : first.message() + " (and " + (of.size() - 1) + " more)",
                            c.severity(), text + "fix: " + c.fix());
                } else if (!of.isEmpty()) {
                    x.writeStartElement("system-out");
                    x.writeCharacters(text.toString());
                    x.writeEndElement();
                }
                x.writeEndElement();
                x.writeCharacters("\n");
            }
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndElement();
            x.writeCharacters("\n");
            x.writeEndDocument();
            x.flush();
            x.close();
            out.flush();
        } catch (XMLStreamException e) {
            throw new IOException("writing the JUnit report: " + e.getMessage(), e);
        }
    }

    private static String where(Report.FindingInfo f) {
        if (f.file() != null) return f.file() + (f.line() != null ? ":" + f.line() : "") + ": ";
        if (f.imagePath() != null) return f.imagePath() + (f.layer() != null ? " (layer " + f.layer() + ")" : "") + ": ";
        return "";
    }

    private static void suite(XMLStreamWriter x, String name, int tests, long failures, long skipped) throws XMLStreamException {
        x.writeStartElement("testsuite");
        x.writeAttribute("name", name);
        x.writeAttribute("tests", Integer.toString(tests));
        x.writeAttribute("failures", Long.toString(failures));
        x.writeAttribute("errors", "0");
        x.writeAttribute("skipped", Long.toString(skipped));
        x.writeAttribute("time", "0");
        x.writeCharacters("\n");
    }

    private static void testcase(XMLStreamWriter x, String classname, String name) throws XMLStreamException {
        x.writeStartElement("testcase");
        x.writeAttribute("classname", classname);
        x.writeAttribute("name", name);
        x.writeAttribute("time", "0");
    }

    private static void failure(XMLStreamWriter x, String message, String type, String text) throws XMLStreamException {
        x.writeStartElement("failure");
        x.writeAttribute("message", message);
        x.writeAttribute("type", type);
        x.writeCharacters(text);
        x.writeEndElement();
    }
}

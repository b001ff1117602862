package io.cosell.cli;

import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Reads the first worksheet of an Office Open XML workbook (.xlsx) as text cells: the workbook names its sheets in
 * order ({@code xl/workbook.xml}), its relationships give each sheet's part, cells are numbers, shared strings
 * ({@code t="s"}, an index into {@code xl/sharedStrings.xml}, whose rich-text runs are joined), inline strings or
 * formula results. Enough for a catalogue exported from Excel; styles, dates and formulas are not interpreted. DTDs
 * and external entities are refused.
 */
final class XlsxReader {

    private static final long MAX_PART_BYTES = 64L * 1024 * 1024;

    private XlsxReader() {
    }

    static Sheet read(Path file) throws IOException {
        try (ZipFile zip = new ZipFile(file.toFile())) {
            List<String> shared = sharedStrings(zip);
            String sheetPart = firstSheetPart(zip);
            return new Sheet(cells(part(zip, sheetPart), shared));
        } catch (XMLStreamException e) {
            throw new IOException("not a readable workbook: " + e.getMessage(), e);
        } catch (java.util.zip.ZipException e) {
            throw new IOException("not an .xlsx workbook (not a zip file): " + e.getMessage(), e);
        }
    }

    private static String firstSheetPart(ZipFile zip) throws IOException, XMLStreamException {
        String relId = null;
        XMLStreamReader workbook = xml(part(zip, "xl/workbook.xml"));
        while (workbook.hasNext() && relId == null) {
            if (workbook.next() == XMLStreamConstants.START_ELEMENT && workbook.getLocalName().equals("sheet")) {
                for (int i = 0; i < workbook.getAttributeCount(); i++) {
                    if (workbook.getAttributeLocalName(i).equals("id")) {
                        relId = workbook.getAttributeValue(i);
                    }
                }
            }
        }
        if (relId == null) {
            throw new IOException("the workbook has no sheet");
        }
        XMLStreamReader rels = xml(part(zip, "xl/_rels/workbook.xml.rels"));
        while (rels.hasNext()) {
            if (rels.next() == XMLStreamConstants.START_ELEMENT && rels.getLocalName().equals("Relationship")
                    && relId.equals(rels.getAttributeValue(null, "Id"))) {
                String target = rels.getAttributeValue(null, "Target");
                return target.startsWith("/") ? target.substring(1) : "xl/" + target;
            }
        }
        throw new IOException("the workbook's first sheet has no part");
    }

    private static List<String> sharedStrings(ZipFile zip) throws IOException, XMLStreamException {
        List<String> strings = new ArrayList<>();
        if (zip.getEntry("xl/sharedStrings.xml") == null) {
            return strings;
        }
        XMLStreamReader xml = xml(part(zip, "xl/sharedStrings.xml"));
        StringBuilder current = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("si")) {
                current = new StringBuilder();
            } else if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("rPh")) {
                skip(xml, "rPh"); // phonetic hints are not part of the text
            } else if (event == XMLStreamConstants.START_ELEMENT && xml.getLocalName().equals("t") && current != null) {
                current.append(xml.getElementText());
            } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("si")) {
                strings.add(current == null ? "" : current.toString());
                current = null;
            }
        }
        return strings;
    }

    private static List<List<String>> cells(byte[] sheet, List<String> shared) throws XMLStreamException, IOException {
        TreeMap<Integer, Map<Integer, String>> rows = new TreeMap<>();
        XMLStreamReader xml = xml(sheet);
        int rowNumber = 0;
        String ref = null;
        String type = null;
        StringBuilder value = null;
        while (xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (xml.getLocalName()) {
                    case "row" -> {
                        String r = xml.getAttributeValue(null, "r");
                        rowNumber = r == null ? rowNumber + 1 : Integer.parseInt(r);
                    }
                    case "c" -> {
                        ref = xml.getAttributeValue(null, "r");
                        type = xml.getAttributeValue(null, "t");
                        value = new StringBuilder();
                    }
                    case "v", "t" -> {
                        if (value != null) {
                            value.append(xml.getElementText());
                        }
                    }
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && xml.getLocalName().equals("c") && value != null) {
                String text = value.toString();
                if ("s".equals(type)) {
                    int index = Integer.parseInt(text.trim());
                    if (index < 0 || index >= shared.size()) {
                        throw new IOException("cell " + ref + " points at shared string " + index + ", which does not exist");
                    }
                    text = shared.get(index);
                } else if (text.matches("-?\\d+\\.0+")) {
                    text = text.substring(0, text.indexOf('.'));
                }
                int column = ref == null ? rows.computeIfAbsent(rowNumber, k -> new TreeMap<>()).size() : column(ref);
                rows.computeIfAbsent(rowNumber, k -> new TreeMap<>()).put(column, text);
                value = null;
            }
        }
        List<List<String>> table = new ArrayList<>();
        for (Map<Integer, String> row : rows.values()) {
            int width = row.isEmpty() ? 0 : ((TreeMap<Integer, String>) row).lastKey() + 1;
            List<String> cells = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                cells.add(row.getOrDefault(c, ""));
            }
            table.add(cells);
        }
        return table;
    }

    /** "C7" → 2. */
    static int column(String ref) {
        int column = 0;
        for (char c : ref.toCharArray()) {
            if (!Character.isLetter(c)) {
                break;
            }
            column = column * 26 + (Character.toUpperCase(c) - 'A' + 1);
        }
        return column - 1;
    }

    private static void skip(XMLStreamReader xml, String element) throws XMLStreamException {
        int depth = 1;
        while (depth > 0 && xml.hasNext()) {
            int event = xml.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private static byte[] part(ZipFile zip, String name) throws IOException {
        ZipEntry entry = zip.getEntry(name);
        if (entry == null) {
            throw new IOException("the workbook has no part " + name);
        }
        try (InputStream in = zip.getInputStream(entry)) {
            byte[] bytes = in.readNBytes((int) MAX_PART_BYTES + 1);
            if (bytes.length > MAX_PART_BYTES) {
                throw new IOException("the part " + name + " is larger than " + MAX_PART_BYTES + " bytes");
            }
            return bytes;
        }
    }

    private static XMLStreamReader xml(byte[] bytes) throws XMLStreamException {
        XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        return factory.createXMLStreamReader(new ByteArrayInputStream(bytes));
    }
}

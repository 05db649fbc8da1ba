// Debian's Apache POI 4.0.1 (libapache-poi-java) ships poi-ooxml-schemas.jar
// without the schema type system XSSF needs. The workbooks are written with
// the full ooxml-schemas 3.17 jar instead (carried by the PyPI package
// poi4py 0.0.8), whose factories call this class by its 3.x name: it hands
// them to XmlBeans' own loader with POI 4.0.1's default options.
package org.apache.poi;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.net.URL;

import javax.xml.stream.XMLStreamReader;

import org.apache.xmlbeans.SchemaType;
import org.apache.xmlbeans.SchemaTypeLoader;
import org.apache.xmlbeans.XmlBeans;
import org.apache.xmlbeans.XmlException;
import org.apache.xmlbeans.XmlObject;
import org.apache.xmlbeans.XmlOptions;
import org.w3c.dom.Node;

public class POIXMLTypeLoader {
    static XmlOptions options(XmlOptions o) {
        return o != null ? o : new XmlOptions(org.apache.poi.ooxml.POIXMLTypeLoader.DEFAULT_XML_OPTIONS);
    }

    static SchemaTypeLoader loader() {
        return XmlBeans.getContextTypeLoader();
    }

    public static XmlObject newInstance(SchemaType t, XmlOptions o) {
        return loader().newInstance(t, options(o));
    }

    public static XmlObject parse(String s, SchemaType t, XmlOptions o) throws XmlException {
        return loader().parse(s, t, options(o));
    }

    public static XmlObject parse(File f, SchemaType t, XmlOptions o) throws XmlException, IOException {
        return loader().parse(f, t, options(o));
    }

    public static XmlObject parse(URL u, SchemaType t, XmlOptions o) throws XmlException, IOException {
        return loader().parse(u, t, options(o));
    }

    public static XmlObject parse(InputStream i, SchemaType t, XmlOptions o) throws XmlException, IOException {
        return loader().parse(i, t, options(o));
    }

    public static XmlObject parse(Reader r, SchemaType t, XmlOptions o) throws XmlException, IOException {
        return loader().parse(r, t, options(o));
    }

    public static XmlObject parse(XMLStreamReader r, SchemaType t, XmlOptions o) throws XmlException {
        return loader().parse(r, t, options(o));
    }

    public static XmlObject parse(Node n, SchemaType t, XmlOptions o) throws XmlException {
        return loader().parse(n, t, options(o));
    }
}

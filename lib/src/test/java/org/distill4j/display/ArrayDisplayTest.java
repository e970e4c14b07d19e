package org.distill4j.display;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.util.Base64;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

class ArrayDisplayTest {

    private static Renderer renderer() {
        Renderer r = new Renderer();
        CourseDisplay.register(r);
        return r;
    }

    @Test
    void imageLikeShapesAreTwoDimensionalOrOneChannelWithinSizeAndAspectLimits() {
        assertArrayEquals(new int[] {28, 28}, CourseDisplay.imageSides(new Shape(28, 28), DataType.FLOAT32));
        assertArrayEquals(new int[] {28, 28}, CourseDisplay.imageSides(new Shape(1, 28, 28), DataType.UINT8));
        assertNull(CourseDisplay.imageSides(new Shape(3, 28, 28), DataType.FLOAT32), "three channels");
        assertNull(CourseDisplay.imageSides(new Shape(128, 784), DataType.FLOAT32), "a batch of rows");
        assertNull(CourseDisplay.imageSides(new Shape(4, 4), DataType.FLOAT32), "too small");
        assertNull(CourseDisplay.imageSides(new Shape(784), DataType.FLOAT32), "one dimension");
        assertNull(CourseDisplay.imageSides(new Shape(28, 28), DataType.BOOLEAN), "not numbers");
    }

    @Test
    void greyImageMapsZeroToOneOntoBlackToWhiteAndScalesUpSharply() throws Exception {
        double[] values = new double[28 * 28];
        values[0] = 1.0; // top-left pixel white, the rest black
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(GreyImage.png(values, 28, 28)));
        assertEquals(168, image.getWidth());
        assertEquals(168, image.getHeight());
        assertEquals(255, image.getRaster().getSample(5, 5, 0), "a 6×6 block of white");
        assertEquals(0, image.getRaster().getSample(6, 6, 0));
    }

    @Test
    void anImageArrayShowsAsAPictureAndAnyOtherArrayAsText() throws Exception {
        try (NDManager manager = NDManager.newBaseManager()) {
            NDArray image = manager.arange(784f).div(783f).reshape(28, 28);
            DisplayData picture = renderer().render(image);
            byte[] png = Base64.getDecoder().decode((String) picture.getData(MIMEType.parse("image/png")));
            BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(png));
            assertEquals(168, decoded.getWidth());
            assertEquals(255, decoded.getRaster().getSample(167, 167, 0), "the last pixel is 1.0: white");
            assertTrue(((String) picture.getData(MIMEType.TEXT_PLAIN)).contains("(28, 28)"));
            assertTrue(((String) picture.getData(MIMEType.TEXT_PLAIN)).contains("168 × 168 greyscale picture"));

            NDArray logits = manager.create(new float[] {2f, 1f, 0.1f});
            DisplayData text = renderer().render(logits);
            assertNull(text.getData(MIMEType.parse("image/png")));
            assertEquals(logits.toString(), text.getData(MIMEType.TEXT_PLAIN));

            DisplayData asked = renderer().renderAs(image, "text/plain");
            assertNull(asked.getData(MIMEType.parse("image/png")), "text asked, text given");
            assertTrue(((String) asked.getData(MIMEType.TEXT_PLAIN)).contains("greyscale picture"));

            NDArray withNaN = manager.create(new float[] {Float.NaN}).repeat(0, 784).reshape(28, 28);
            assertNull(renderer().render(withNaN).getData(MIMEType.parse("image/png")), "not finite: text");
        }
    }
}

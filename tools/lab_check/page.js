// The test page of tools/lab_check.py: JupyterLab 4's own output area (the one Notebook 7 uses too) renders the
// outputs of one executed notebook, then the page counts what a learner would see and writes it into
// <pre id="lab-check-result"> for the headless browser's DOM dump.
//
// Set by the page before this bundle: window.LAB_CHECK = {name, mode, cells: [[output, ...], ...]}, where mode is
//   "trusted"   - what a learner running the cells sees: the area is on the page and each output arrives in turn,
//                 from a model marked trusted (Lab then runs the output's <script>s);
//   "untrusted" - what a learner opening a saved, unsigned notebook sees: the outputs are in the model before the
//                 area is on the page, and Lab sanitises their HTML (no script runs).
import { OutputArea, OutputAreaModel } from '@jupyterlab/outputarea';
import { RenderMimeRegistry, standardRendererFactories } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';

const FALLBACK = 'If this line stays, JavaScript did not run here';

function errors() {
  return window.LAB_CHECK_ERRORS;
}

async function render(check) {
  const rendermime = new RenderMimeRegistry({ initialFactories: standardRendererFactories });
  const trusted = check.mode === 'trusted';
  for (const outputs of check.cells) {
    const model = new OutputAreaModel({ trusted });
    const area = new OutputArea({ model, rendermime });
    if (trusted) {
      Widget.attach(area, document.getElementById('outputs'));
      for (const output of outputs) {
        model.add(output);
        await new Promise(resolve => setTimeout(resolve, 0));
      }
    } else {
      model.fromJSON(outputs);
      Widget.attach(area, document.getElementById('outputs'));
    }
  }
}

function count() {
  const figures = Array.from(document.querySelectorAll('#outputs div.distill4j-figure'));
  const drawn = figures.filter(
    f => f.classList.contains('js-plotly-plot') && f.querySelector('svg.main-svg') &&
      f.querySelector('svg.main-svg').childElementCount > 0);
  const tables = Array.from(document.querySelectorAll('#outputs table'));
  const images = Array.from(document.querySelectorAll('#outputs img'));
  return {
    figures: figures.length,
    drawn: drawn.length,
    fallbacks: figures.filter(f => f.textContent.includes(FALLBACK)).length,
    tables: tables.length,
    tablesWithRows: tables.filter(t => t.querySelectorAll('tbody tr').length > 0).length,
    images: images.length,
    imagesLoaded: images.filter(i => i.complete && i.naturalWidth > 0).length,
    scripts: document.querySelectorAll('#outputs script').length,
    outputs: document.querySelectorAll('#outputs .jp-OutputArea-output').length,
    errors: errors()
  };
}

function finish(result) {
  const pre = document.createElement('pre');
  pre.id = 'lab-check-result';
  pre.textContent = JSON.stringify(result);
  document.body.appendChild(pre);
  // In the runner's host page (tools/lab_check.py), each notebook's page is an iframe of its own: report to it.
  if (window.parent !== window) {
    window.parent.postMessage({ labCheck: result }, '*');
  }
}

async function main() {
  const check = window.LAB_CHECK;
  try {
    await render(check);
  } catch (e) {
    errors().push('render: ' + (e && e.stack ? e.stack : e));
  }
  // Trusted figures draw asynchronously (each figure's script polls for window.Plotly): wait until all are drawn,
  // or 20 s of the browser's (virtual) time. Untrusted outputs have nothing to wait for beyond a moment.
  const deadline = Date.now() + (check.mode === 'trusted' ? 20000 : 1000);
  const poll = () => {
    const c = count();
    if (Date.now() < deadline && ((check.mode === 'trusted' && c.drawn < c.figures) || c.imagesLoaded < c.images)) {
      setTimeout(poll, 100);
      return;
    }
    finish(c);
  };
  setTimeout(poll, 100);
}

main();

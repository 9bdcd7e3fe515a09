#![no_main]

use libfuzzer_sys::fuzz_target;
use tieout::layout::TableLayout;

// The first byte chooses the layout, so one corpus serves all three segmenters.
fuzz_target!(|data: &[u8]| {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let kind = match which % 3 {
        0 => TableLayout::Tabbed,
        1 => TableLayout::Aligned,
        _ => TableLayout::Glued,
    };
    tieout::fuzzing::segmenter(text, kind);
});

//! The camera on the setup screen: the list of cameras, the live self-view while the camera
//! is on, and which camera films the answers.

use crate::app::settings::CameraChoice;
use crate::video::{CameraPreview, CameraSource, Frame, Opening, SelfView};

/// Lists the cameras (GStreamer's device monitor in the app; tests pass their own).
pub type CameraLister = fn() -> Vec<String>;

/// A lister with the test camera alone, for tests and demos.
pub fn test_camera() -> Vec<String> {
    vec![crate::video::TEST_CAMERA_NAME.to_owned()]
}

/// A lister with no camera.
pub fn no_camera() -> Vec<String> {
    Vec::new()
}

/// The setup screen's camera state.
pub struct Camera {
    lister: CameraLister,
    /// The cameras found (`None`: not looked for yet; they are listed when the camera is on).
    cameras: Option<Vec<String>>,
    preview: Option<Preview>,
    /// The source the preview shows.
    previewing: Option<CameraSource>,
    /// Why the self-view could not start, as a sentence for the user.
    error: Option<String>,
    /// A camera that failed is not retried until the choice changes or the user asks.
    failed: Option<CameraSource>,
}

/// The setup self-view: opening on its own thread, then open.
enum Preview {
    Opening(Opening<CameraPreview>),
    Open(CameraPreview),
}

impl Preview {
    fn view(&self) -> &SelfView {
        match self {
            Self::Opening(opening) => opening.view(),
            Self::Open(preview) => preview.view(),
        }
    }
}

/// What the setup screen shows of the camera.
#[derive(Debug, Clone, Default)]
pub struct CameraView {
    /// The cameras found (empty: none).
    pub cameras: Vec<String>,
    /// The camera that films answers, when the camera is on and one is found.
    pub active: Option<String>,
    /// The latest self-view frame.
    pub frame: Option<Frame>,
    /// Why the camera could not be used.
    pub error: Option<String>,
    /// The self-view paused with the level meter (30 s without input, or another window in
    /// front), to save power.
    pub paused: bool,
}

impl Camera {
    /// Camera state listing cameras with `lister`.
    pub fn new(lister: CameraLister) -> Self {
        Self {
            lister,
            cameras: None,
            preview: None,
            previewing: None,
            error: None,
            failed: None,
        }
    }

    /// Lists the cameras again (the user plugged one in, or asked to retry).
    pub fn refresh(&mut self) {
        self.cameras = Some((self.lister)());
        self.failed = None;
        self.error = None;
    }

    /// The camera that films the answers under `choice`: the chosen one if it is connected,
    /// else the first found; `None` when the camera is off or none is found.
    pub fn source(&mut self, choice: &CameraChoice) -> Option<CameraSource> {
        if !choice.on {
            return None;
        }
        self.cameras.get_or_insert_with(self.lister);
        self.chosen(choice)
    }

    /// As [`Camera::source`], among the cameras already listed.
    pub fn chosen(&self, choice: &CameraChoice) -> Option<CameraSource> {
        if !choice.on {
            return None;
        }
        let cameras = self.cameras.as_ref()?;
        let name = choice
            .device
            .as_ref()
            .filter(|d| cameras.contains(d))
            .or_else(|| cameras.first())?;
        Some(CameraSource::named(name))
    }

    /// Keeps the self-view running while `showing` (the setup screen, camera on), and
    /// closes the camera otherwise.
    pub fn keep_preview(
        &mut self,
        choice: &CameraChoice,
        showing: bool,
        repaint: Option<crate::app::Repaint>,
    ) -> Option<(&'static str, String)> {
        let wanted = if showing { self.source(choice) } else { None };
        if wanted != self.previewing {
            self.preview = None;
            self.previewing = None;
        }
        let failure = match self.preview.as_mut() {
            Some(Preview::Opening(opening)) => match opening.poll() {
                None => None,
                Some(Ok(preview)) => {
                    self.preview = Some(Preview::Open(preview));
                    None
                }
                Some(Err(e)) => Some((
                    e.to_string(),
                    ("starting the camera", e.detail().to_owned()),
                )),
            },
            Some(Preview::Open(preview)) => preview.poll_error().map(|error| {
                (
                    "The camera stopped working. Check that it is connected, then press Retry."
                        .to_owned(),
                    ("camera self-view", error),
                )
            }),
            None => None,
        };
        if let Some((sentence, log)) = failure {
            self.preview = None;
            self.failed = self.previewing.take();
            self.error = Some(sentence);
            return Some(log);
        }
        let source = wanted?;
        if self.preview.is_some() || self.failed.as_ref() == Some(&source) {
            return None;
        }
        // Opened on its own thread: the window shows "Starting the camera…" meanwhile.
        self.preview = Some(Preview::Opening(CameraPreview::opening(&source, repaint)));
        self.previewing = Some(source);
        self.error = None;
        None
    }

    /// Closes the camera (another screen, or a recording needs it).
    pub fn release(&mut self) {
        self.preview = None;
        self.previewing = None;
    }

    /// What the setup screen shows.
    pub fn view(&self, choice: &CameraChoice) -> CameraView {
        let cameras = self.cameras.clone().unwrap_or_default();
        let active = choice.on.then(|| {
            choice
                .device
                .clone()
                .filter(|d| cameras.contains(d))
                .or_else(|| cameras.first().cloned())
        });
        CameraView {
            active: active.flatten(),
            frame: self.preview.as_ref().and_then(|p| p.view().latest()),
            error: self.error.clone(),
            cameras,
            paused: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on(device: Option<&str>) -> CameraChoice {
        CameraChoice {
            on: true,
            device: device.map(str::to_owned),
            ..CameraChoice::default()
        }
    }

    #[test]
    fn off_films_nothing_and_lists_nothing() {
        let mut camera = Camera::new(test_camera);
        assert_eq!(camera.source(&CameraChoice::default()), None);
        assert!(camera.view(&CameraChoice::default()).cameras.is_empty());
    }

    #[test]
    fn on_films_the_chosen_camera_or_the_first() {
        let mut camera = Camera::new(test_camera);
        assert_eq!(camera.source(&on(None)), Some(CameraSource::Test));
        assert_eq!(
            camera.source(&on(Some("Unplugged camera"))),
            Some(CameraSource::Test)
        );
        let mut none = Camera::new(no_camera);
        assert_eq!(none.source(&on(None)), None);
        assert_eq!(none.view(&on(None)).active, None);
    }

    #[test]
    fn the_preview_runs_only_while_shown() {
        let mut camera = Camera::new(test_camera);
        let choice = on(None);
        assert_eq!(camera.keep_preview(&choice, true, None), None);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(3);
        while camera.view(&choice).frame.is_none() && std::time::Instant::now() < deadline {
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        assert!(camera.view(&choice).frame.is_some(), "a self-view frame");
        camera.keep_preview(&choice, false, None);
        assert!(
            camera.view(&choice).frame.is_none(),
            "closed off the setup screen"
        );
    }

    #[test]
    fn a_camera_that_cannot_open_says_so_and_waits_for_retry() {
        let mut camera = Camera::new(|| vec!["Broken camera".to_owned()]);
        let choice = on(None);
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(5);
        let logged = loop {
            // The window keeps drawing: the opening goes on on its own thread.
            if let Some(logged) = camera.keep_preview(&choice, true, None) {
                break logged;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no answer from the camera"
            );
            std::thread::sleep(std::time::Duration::from_millis(10));
        };
        assert_eq!(logged.0, "starting the camera");
        let view = camera.view(&choice);
        assert!(
            view.error.as_deref().is_some_and(|e| e.contains("camera")),
            "{view:?}"
        );
        assert_eq!(camera.keep_preview(&choice, true, None), None);
        assert!(camera.preview.is_none(), "not retried by itself");
        camera.refresh();
        camera.keep_preview(&choice, true, None);
        assert!(camera.preview.is_some(), "retried when asked");
    }
}

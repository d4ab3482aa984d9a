import { CameraOutlined, ReloadOutlined, UploadOutlined } from '@ant-design/icons';
import { MAX_FACE_IMAGE_BYTES } from '@openseal/contract';
import { Alert, Button, Space } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useLocale } from '../i18n/locale-context.tsx';

/** A photo for the face step, as the API takes it. */
export interface FacePhoto {
  mediaType: 'image/jpeg';
  bytes: Uint8Array;
}

/** Frames are sent at most this wide or tall: enough for a face check, far below the 5 MB cap. */
const MAX_SIDE = 1280;

/** The picture as a JPEG no larger than MAX_SIDE on a side. */
async function jpegOf(source: CanvasImageSource, width: number, height: number): Promise<FacePhoto> {
  const scale = Math.min(1, MAX_SIDE / Math.max(width, height));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(width * scale);
  canvas.height = Math.round(height * scale);
  const context = canvas.getContext('2d');
  if (!context) throw new Error('no 2d canvas');
  context.drawImage(source, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.9));
  if (!blob) throw new Error('the frame could not be encoded');
  return { mediaType: 'image/jpeg', bytes: new Uint8Array(await blob.arrayBuffer()) };
}

type CameraState = 'starting' | 'live' | 'unavailable';

/**
 * The face step's camera: the front camera live in the page (getUserMedia), one frame taken as a JPEG.
 * Where the camera cannot be used (no permission, none fitted, an old browser), a file input takes or
 * chooses a photo instead; phones open their camera from it. The photo stays in memory only.
 */
export function FaceCapture({ onPhoto }: { onPhoto: (photo: FacePhoto | null) => void }) {
  const { t } = useLocale();
  const video = useRef<HTMLVideoElement>(null);
  const stream = useRef<MediaStream | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const [camera, setCamera] = useState<CameraState>('starting');
  const [preview, setPreview] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);

  const stop = useCallback(() => {
    for (const track of stream.current?.getTracks() ?? []) track.stop();
    stream.current = null;
  }, []);

  const start = useCallback(async () => {
    setCamera('starting');
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no getUserMedia');
      const media = await navigator.mediaDevices.getUserMedia({
        video: { facingMode: 'user', width: { ideal: 640 }, height: { ideal: 480 } },
        audio: false,
      });
      stream.current = media;
      if (video.current) {
        video.current.srcObject = media;
        await video.current.play().catch(() => undefined);
      }
      setCamera('live');
    } catch {
      stop();
      setCamera('unavailable');
    }
  }, [stop]);

  useEffect(() => {
    void start();
    return stop;
  }, [start, stop]);

  useEffect(() => () => void (preview && URL.revokeObjectURL(preview)), [preview]);

  function show(photo: FacePhoto) {
    setPreview(
      URL.createObjectURL(new Blob([photo.bytes as Uint8Array<ArrayBuffer>], { type: photo.mediaType })),
    );
    setProblem(null);
    onPhoto(photo);
  }

  async function capture() {
    const v = video.current;
    if (!v || v.videoWidth === 0) return;
    const photo = await jpegOf(v, v.videoWidth, v.videoHeight);
    stop();
    show(photo);
  }

  async function choose(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_FACE_IMAGE_BYTES * 4) {
      setProblem(t('contracts.face.tooLarge'));
      return;
    }
    try {
      const bitmap = await createImageBitmap(file);
      const photo = await jpegOf(bitmap, bitmap.width, bitmap.height);
      bitmap.close();
      show(photo);
    } catch {
      setProblem(t('contracts.face.notImage'));
    }
  }

  function retake() {
    setPreview(null);
    onPhoto(null);
    if (camera !== 'unavailable') void start();
  }

  const frame: React.CSSProperties = {
    width: '100%',
    maxWidth: 360,
    aspectRatio: '4 / 3',
    objectFit: 'cover',
    borderRadius: 8,
    background: '#000',
    display: 'block',
    margin: '0 auto',
  };
  return (
    <Space direction="vertical" size={8} style={{ width: '100%' }} data-testid="face-capture">
      {preview ? (
        <img src={preview} alt={t('contracts.face.preview')} style={frame} data-testid="face-preview" />
      ) : (
        <video
          ref={video}
          muted
          playsInline
          autoPlay
          style={{ ...frame, display: camera === 'live' ? 'block' : 'none', transform: 'scaleX(-1)' }}
          data-testid="face-video"
        />
      )}
      {camera === 'unavailable' && !preview && (
        <Alert type="info" showIcon message={t('contracts.face.noCamera')} data-testid="face-no-camera" />
      )}
      {problem && <Alert type="error" showIcon message={problem} data-testid="face-problem" />}
      {preview ? (
        <Button block icon={<ReloadOutlined />} onClick={retake} data-testid="face-retake">
          {t('contracts.face.retake')}
        </Button>
      ) : camera === 'live' ? (
        <Button block icon={<CameraOutlined />} onClick={() => void capture()} data-testid="face-shoot">
          {t('contracts.face.capture')}
        </Button>
      ) : null}
      {!preview && camera === 'unavailable' && (
        <>
          <input
            ref={fileInput}
            type="file"
            accept="image/jpeg,image/png"
            capture="user"
            style={{ display: 'none' }}
            data-testid="face-file"
            onChange={(e) => void choose(e.target.files?.[0])}
          />
          <Button block icon={<UploadOutlined />} onClick={() => fileInput.current?.click()}>
            {t('contracts.face.choose')}
          </Button>
        </>
      )}
    </Space>
  );
}

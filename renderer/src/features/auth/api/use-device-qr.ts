import { useEffect, useState } from 'react';

/**
 * The QR code of the code on screen (sign-in from another device), asked once per code;
 * undefined while asking, or if the bridge fails: the screen then shows the address and code only.
 */
export const useDeviceQr = (userCode: string): string | undefined => {
  const [qr, setQr] = useState<{ code: string; dataUrl: string }>();
  useEffect(() => {
    let active = true;
    window.desktop.getDeviceQr().then(
      ({ dataUrl }) => {
        if (active && dataUrl) setQr({ code: userCode, dataUrl });
      },
      (error: unknown) => console.warn('Could not read the QR code', error),
    );
    return () => {
      active = false;
    };
  }, [userCode]);
  // A QR code of an earlier code is never shown for this one.
  return qr && qr.code === userCode ? qr.dataUrl : undefined;
};

// Every API path the student panel uses, in one place.
const IAM = "/api/student/iam";
const CONTENT = "/api/student/content";
const LEARNING = "/api/student/learning";
const SYSTEMS = "/api/student/systems";

export const E = {
  csrf: `${IAM}/csrf`,
  signup: `${IAM}/auth/signup`,
  signin: `${IAM}/auth/signin`,
  mfa: `${IAM}/auth/mfa`,
  signout: `${IAM}/auth/signout`,
  passwordReset: `${IAM}/auth/password-reset`,
  passwordResetConfirm: `${IAM}/auth/password-reset/confirm`,
  verifyEmail: `${IAM}/auth/verify-email`,
  verifyEmailResend: `${IAM}/auth/verify-email/resend`,
  me: `${IAM}/me`,
  password: `${IAM}/me/password`,
  mfaEnroll: `${IAM}/me/mfa/enroll`,
  mfaConfirm: `${IAM}/me/mfa/confirm`,
  mfaDisable: `${IAM}/me/mfa/disable`,

  interfaces: `${SYSTEMS}/interfaces`,

  catalogue: `${CONTENT}/courses`,
  course: (id) => `${CONTENT}/courses/${id}`,

  enroll: (courseId) => `${LEARNING}/courses/${courseId}/enroll`,
  myCourses: `${LEARNING}/my/courses`,
  outline: (courseId) => `${LEARNING}/courses/${courseId}/outline`,
  material: (materialId) => `${LEARNING}/materials/${materialId}`,
  materialPosition: (materialId) => `${LEARNING}/materials/${materialId}/position`,
  materialComplete: (materialId) => `${LEARNING}/materials/${materialId}/complete`,
  setAttempts: (setId) => `${LEARNING}/question-sets/${setId}/attempts`,
  attempt: (id) => `${LEARNING}/attempts/${id}`,
  answer: (attemptId, position) => `${LEARNING}/attempts/${attemptId}/items/${position}/answer`,
  flag: (attemptId, position) => `${LEARNING}/attempts/${attemptId}/items/${position}/flag`,
  submit: (id) => `${LEARNING}/attempts/${id}/submit`,
  certificates: `${LEARNING}/certificates`,
  verifyCertificate: (code) => `${LEARNING}/certificates/verify/${encodeURIComponent(code)}`,
};

package workspace

// SetAnalysisHook makes every analysis of s run hook first, in its slot (for tests).
func SetAnalysisHook(s *Service, hook func()) { s.analysisHook = hook }

// SetAnalysisResultHook makes every analysis of s call hook with its error, in its slot.
func SetAnalysisResultHook(s *Service, hook func(error)) { s.analysisResult = hook }

// AnalysesPerWorkspace is analysesPerWorkspace, for tests.
const AnalysesPerWorkspace = analysesPerWorkspace

// AnalysesPerMember is analysesPerMember, for tests.
const AnalysesPerMember = analysesPerMember

// QuestionOfSpec is questionOfSpec, for tests.
var QuestionOfSpec = questionOfSpec
